"""The second door set (tests/nlu_door2, written blind) through the running bot over
REST: the tests of tests/e2e/door_set_tests.py."""
from tests.door_sets import DOOR2
from tests.e2e.door_set_tests import door_set_tests

globals().update(door_set_tests(DOOR2, messages=300, conversations=40, crisis=30, emergency=40, near_misses=20))
