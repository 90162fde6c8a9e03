"""Help for the people who write data and templates, on top of the pipeline.

`new` writes a commented data file to start from, `schema` the JSON Schemas for editors, and
`templates` checks what a template uses against what the data provides (template-check, context).
"""
