namespace Hosting;

/// <summary>Settings a process refuses to start with; its message is the one line the operator reads (<see cref="ProgramStart"/>).</summary>
public sealed class StartRefusedException(string message) : Exception(message);
