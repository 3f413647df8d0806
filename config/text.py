"""How long free text may be (issue 9: a 20 MB configuration description was once stored).

TextField columns have no bound of their own, so every serializer and page form that takes free
text bounds it with one of these, and the API docs publish it as `maxLength`. Names and other short
strings are bounded by their CharField columns.
"""

TEXT_MAX_LENGTH = 5_000  # a description, note, comment or special instructions
LONG_TEXT_MAX_LENGTH = 10_000  # a free-text answer to a configurator question
