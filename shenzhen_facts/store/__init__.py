"""Loading and keeping datasets: finding the file, the format's rules, and the parsed cache."""
