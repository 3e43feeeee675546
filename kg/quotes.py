"""The quotation marks the genre writes around names, in one place: extractors and the
linker strip the same set, so a name reads the same at every stage."""

#: Chinese and ASCII quotation marks and corner brackets (“甲”, "甲", ‘甲’, 「甲」, 『甲』).
QUOTE_MARKS = "“”\"‘’'「」『』"
#: Title marks (《甲》, 〈甲〉): stripped only when names are compared.
TITLE_MARKS = "《》〈〉"
