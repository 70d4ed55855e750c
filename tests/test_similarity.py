"""analysis/similarity.py: shingles and MinHash, pure (no database)."""

import numpy as np

from wellness_archiver.analysis.similarity import comparable, shingles, signature_scheme, signatures, similarity

TEXT = " ".join(f"word{i}" for i in range(200))


def test_shingles_are_distinct_lowercased_word_runs():
    assert sorted(shingles("A b c d e f", 5)) == [b"a b c d e", b"b c d e f"]
    assert shingles("a b c d e a b c d e", 5) and len(shingles("a b c d e a b c d e", 5)) == 5
    assert shingles("Two words", 5) == [b"two words"]  # shorter than a shingle: one of all its words
    assert shingles("", 5) == [] and shingles(None, 5) == []
    assert not comparable(shingles("Two words", 5)) and comparable(shingles(TEXT))


def test_signatures_estimate_jaccard():
    near = TEXT.replace("word100", "other")  # 5 of 196 shingles differ
    a, b, c = signatures([shingles(TEXT), shingles(near), shingles(TEXT.upper() + " more words here")])
    assert similarity(a, a) == 1.0
    assert 0.85 < similarity(a, b) < 1.0
    assert similarity(a, c) > 0.9  # case does not matter
    far = signatures([shingles(" ".join(f"other{i}" for i in range(200)))])[0]
    assert similarity(a, far) < 0.1
    assert signatures([]) == []


def test_signatures_are_deterministic_and_labelled():
    dtype, label = signature_scheme(64)
    (sig,) = signatures([shingles(TEXT)], 64)
    assert sig.dtype == dtype and len(sig) == 64 and "perm=64" in label and "hash=crc32" in label
    assert np.array_equal(sig, signatures([shingles(TEXT)], 64)[0])
