namespace Gateway.FunctionalTests.Storage;

/// <summary>The MongoDB server the store specs may use: only one given by <see cref="Variable"/>, as none can be installed here.</summary>
public static class MongoServer
{
    public const string Variable = "FACEPIPE_MONGO";

    /// <summary>A connection string such as mongodb://localhost:27017, or null.</summary>
    public static string? ConnectionString { get; } = Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;

    public const string SkipReason =
        $"{Variable} is not set: no MongoDB server can be installed on these machines (FIELD-NOTES.md), so the MongoDB store is " +
        $"checked only where one is given, e.g. {Variable}=mongodb://localhost:27017";
}
