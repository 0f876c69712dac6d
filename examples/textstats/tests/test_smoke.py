import unittest

import textstats


class SmokeTest(unittest.TestCase):
    def test_package_imports(self):
        self.assertIsNotNone(textstats)


if __name__ == "__main__":
    unittest.main()
