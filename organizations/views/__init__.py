"""The registry's pages (`registry`), the Board's account pages (`accounts`), logging in and
a person's own account (`auth`)."""
