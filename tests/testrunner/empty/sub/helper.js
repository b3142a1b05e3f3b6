// not a test file
