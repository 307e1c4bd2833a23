namespace Contracts.Images;

/// <summary>A claim check: the key of an image held in the shared image store, so that messages stay small.</summary>
public sealed record ImageRef(string Key);
