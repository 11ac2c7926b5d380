"""What a file is, by its bytes: the check resumes and consult attachments share."""

import io
import zipfile

import pytest

from medcoder.file_content import DOCX, JPEG, PDF, PNG, TEXT, UnsafeFile, kind_of


def docx_bytes(macros: bool = False, macro_content_type: bool = False) -> bytes:
    """A minimal Word document; `macros` adds the VBA project a .docm carries, `macro_content_type`
    only the macro-enabled main document type in [Content_Types].xml."""
    main_type = "application/vnd.ms-word.document.macroEnabled.main+xml" if macro_content_type else "x"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", f'<Types><Override ContentType="{main_type}"/></Types>')
        archive.writestr("word/document.xml", "<w:document/>")
        if macros:
            archive.writestr("word/vbaProject.bin", b"\xd0\xcf\x11\xe0 VBA")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        (b"%PDF-1.7\n...", PDF),
        (b"\x89PNG\r\n\x1a\n....", PNG),
        (b"\xff\xd8\xff\xe0....", JPEG),
        (b"code,title\nE11.9,Type 2 diabetes\n", TEXT),
        (docx_bytes(), DOCX),
        (b"MZ\x90\x00\x03\x00 an exe", None),
        (b"PK\x03\x04 not really a zip", None),
    ],
)
def test_files_are_known_by_their_bytes(content, kind):
    assert kind_of(content) == kind


def test_a_zip_that_is_not_a_word_document_is_not_one():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "not a word document")
    assert kind_of(buffer.getvalue()) is None


@pytest.mark.parametrize("document", [docx_bytes(macros=True), docx_bytes(macro_content_type=True)])
def test_word_documents_with_macros_are_unsafe(document):
    with pytest.raises(UnsafeFile, match="macros"):
        kind_of(document)
