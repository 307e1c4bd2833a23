namespace Gateway.Photos;

/// <summary>A photo that could not be fetched; <see cref="Code"/> is one of the FETCH_ or IMAGE_ codes of <see cref="Errors.ErrorCodes"/>.</summary>
public sealed class PhotoFetchException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}
