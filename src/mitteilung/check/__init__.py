"""The check stage: the rules a careful Büroleitung applies before anything reaches the council.

It receives a loaded `model.Project` and one `model.Entry` at a time and hands back the problems
it finds (errors stop the document, warnings only with --strict); it changes nothing.
"""
