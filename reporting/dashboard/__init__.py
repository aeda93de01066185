"""The Standing Committee's dashboard, split by what it shows: `scope`, `targets`, `picture`,
`warnings`, the whole `board`, a secretary's `card`, the `meeting` document, and its `views`.

Every figure is an aggregate in the database, so a page makes the same number of queries for
ten units as for ten thousand; every number carries the URL of the list behind it."""
