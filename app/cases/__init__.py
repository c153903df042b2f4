"""Application cases and the SDG, Sendai and Paris vocabularies they are tagged with."""
