"""The loader of the José Serrano Salgado public record.

Run as ``python -m build.cli``; each module does one job (see README.md).
"""
