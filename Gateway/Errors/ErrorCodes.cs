namespace Gateway.Errors;

/// <summary>Every error code the API answers with, in one place.</summary>
public static class ErrorCodes
{
    // Spec 9.1.10, answered with a non-200 status.
    public const string AuthFailed = "AUTH_FAILED";
    public const string BadParam = "BAD_PARAM";
    public const string MalformedJson = "MALFORMED_JSON";
    public const string ServiceUnavailable = "SERVICE_UNAVAILABLE";

    // Ours, for what the spec gives no code: a body over the size limit (413), an unreadable
    // multipart body (400), an unknown face or gallery (404), a call the credentials do not allow (403), a gallery or a face in a gallery that exists already (409), a limit reached (429) and a failure of our own (500, details only in the server log).
    public const string RequestTooLarge = "REQUEST_TOO_LARGE";
    public const string BadRequest = "BAD_REQUEST";
    public const string NotFound = "NOT_FOUND";
    // A token whose scope does not cover the call, or an upload URL whose signature is wrong or expired (403).
    public const string Forbidden = "FORBIDDEN";
    public const string Conflict = "CONFLICT";
    // Too many image calls at once, or too many failed authentications from one address (429, with Retry-After).
    public const string TooManyRequests = "TOO_MANY_REQUESTS";
    public const string InternalError = "INTERNAL_ERROR";

    // Ours, for what routing refuses before an endpoint runs: a method the path does not take (405), a body type an endpoint does
    // not read (415).
    public const string MethodNotAllowed = "METHOD_NOT_ALLOWED";
    public const string UnsupportedMediaType = "UNSUPPORTED_MEDIA_TYPE";

    // Per-image errors of the Extraction API (spec 8.4.3), inside a 200 answer. Stages add their own,
    // such as IMAGE_DECODING_FAILED, which are passed on as they are.
    public const string FetchFailed = "FETCH_FAILED";
    public const string FetchForbidden = "FETCH_FORBIDDEN";
    public const string ImageTooLarge = "IMAGE_TOO_LARGE";
    public const string ExtractionFailed = "EXTRACTION_FAILED";
}
