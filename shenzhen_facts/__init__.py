"""szfacts: Shenzhen's 2023 industrial results and its 2025/2035 targets, from one cited article."""

__version__ = "0.1.0"
