namespace Vision.Tests.Support;

/// <summary>One face engine shared by all tests of the assembly.</summary>
[CollectionDefinition(Name)]
public sealed class FaceEngineCollection : ICollectionFixture<FaceEngine>
{
    public const string Name = "face engine";
}
