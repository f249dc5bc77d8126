import CobroCore

print("cobro")
