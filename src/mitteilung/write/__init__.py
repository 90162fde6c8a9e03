"""The write stage: puts rendered documents into the output folder.

It receives the bytes of each format and writes them atomically (a reader sees the old file or
the complete new one), leaves unchanged files alone, writes make's depfiles, converts to PDF/A
with LibreOffice and exports OParl JSON. It never reads data/ itself.
"""
