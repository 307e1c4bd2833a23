namespace MassEnroll;

/// <summary>What the tool's exit code tells a script.</summary>
public static class ExitCodes
{
    /// <summary>Every image of the job is done (or, for prepare and print, the command did what it was asked).</summary>
    public const int Done = 0;

    /// <summary>Some images failed, or the run was stopped before the last one: run again (with <c>--failed</c>) to go on.</summary>
    public const int SomeFailed = 1;

    /// <summary>Bad arguments, a job file or metadata that cannot be read, or a server that cannot be reached or refuses the token.</summary>
    public const int BadArguments = 2;
}

/// <summary>Stops a command with a plain message for the user and an exit code; no stack trace.</summary>
public sealed class UsageException(string message, int exitCode = ExitCodes.BadArguments) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
