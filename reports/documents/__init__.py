"""Official report documents: what they say (content) and the Word file (docx); the printable page is
the template reports/document.html, rendering the same content."""

from reports.documents.content import OfficialDocument, build_document, document_number
from reports.documents.docx import build_docx

__all__ = ["OfficialDocument", "build_docx", "build_document", "document_number"]
