"""The three forms' contents (seed 000, appendices 1–3) as Documents, each built once in a fixed
number of queries from the scoping selector down; the renderers only lay them out."""
