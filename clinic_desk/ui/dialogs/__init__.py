"""Dialogs: each holds `self.ui = Ui_X()` from forms/*.ui; questions have an `ask()`
classmethod that tests monkeypatch."""
