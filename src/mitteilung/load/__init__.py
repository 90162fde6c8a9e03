"""The load stage: reads the project from disk.

It receives the project folder and the files or folders to build; it reads every YAML file once
(safe tags only, the line of every key kept), validates it against the model with German
messages, follows facts references inside the project, and hands on a `model.Project` and its
`model.Entry` documents. A large load can be shared by several processes (shares.py), each
reading every n-th file; they swap what the rules need of the others' files.
"""
