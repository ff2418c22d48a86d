"""The officials' inbox: the pages, the moves made from them, and which moves may be made now."""
