import numpy as np

from nlu.classifier import IntentClassifier, views
from nlu.text import fold_with_offsets
from nlu.training import load_heldout, load_training


def test_fast_inference_equals_scikit_learn():
    classifier = IntentClassifier(load_training().examples)
    texts = [e.text for e in load_heldout().examples] + ["", "qwerty", "Cư M’gar ENTAREA"]
    for text in texts:
        words, marks = views(fold_with_offsets(text), [])
        assert np.allclose(classifier.probabilities(words, marks), classifier.sklearn_probabilities(words, marks))


def test_masks_and_teencode():
    folded = fold_with_offsets("ko biet loa o xa Cư M’gar phat ngay 15/12 k")
    words, marks = views(folded, [(15, 25, "area"), (31, 41, "date")])
    assert words == "khong biet loa o entarea phat entdate khong"
    assert marks.split()[:3] == ["ko", "biet", "loa"]
