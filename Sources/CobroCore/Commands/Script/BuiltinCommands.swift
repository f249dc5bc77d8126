/// The commands of the session itself: help, set, echo, quit, load, rejects, source.
enum BuiltinCommands {
}
