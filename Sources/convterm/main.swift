print("convterm")
