"""mitteilung: Sitzungsvorlagen einer Stadtverwaltung aus strukturierten Daten."""

__version__ = "0.1.0"
