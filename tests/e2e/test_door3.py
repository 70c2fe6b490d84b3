"""The third door set (tests/nlu_door3, written blind) through the running bot over
REST: the tests of tests/e2e/door_set_tests.py."""
from tests.door_sets import DOOR3
from tests.e2e.door_set_tests import door_set_tests

globals().update(door_set_tests(DOOR3, messages=250, conversations=40, crisis=25, emergency=40, near_misses=20))
