"""The render stage: fills the templates under templates/ for one document.

It receives a checked `model.Entry` and its `model.Project`, builds the template context in one
place, and hands on the bytes of each format (.docx, text, HTML) in memory; it writes nothing.
One sandboxed Jinja environment with StrictUndefined serves Word, text and HTML templates.
"""
