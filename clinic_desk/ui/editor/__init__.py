"""The procedure record editor (forms/record_editor.ui) and its helpers."""
