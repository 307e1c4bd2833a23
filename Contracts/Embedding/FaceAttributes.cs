namespace Contracts.Embedding;

/// <summary>What an <see cref="ExtractFacens"/> request asks for.</summary>
[Flags]
public enum FaceAttributes
{
    None = 0,
    Facen = 1,
    Gender = 2,
    Age = 4,
    Emotions = 8,
    Normalized = 16,
    Thumbnail = 32,
}
