import pytest
from django.test import Client


@pytest.fixture
def client():
    """Pages in English, the message ids, so the tests match the words in the code.

    The Dutch texts are checked by the browser tests.
    """
    return Client(headers={"accept-language": "en"})
