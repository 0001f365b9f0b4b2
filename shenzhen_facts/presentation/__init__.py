"""What a person or a script is shown: views as data, the JSON contract, the text writers and the one renderer."""
