"""The translation benchmark: `python -m bench.translation` (see bench/translation/README.md).

chrF of every engine that can run here on a test set written for the project, language
detection accuracy and throughput, the offline engine's latency, and the cached path.
"""
