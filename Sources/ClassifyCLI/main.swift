// The `classify` command; written in the CLI issue.
print("classify")
