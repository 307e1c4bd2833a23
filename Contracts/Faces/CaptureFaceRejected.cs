namespace Contracts.Faces;

/// <summary>The captured face was refused, as <c>POST /face</c> would answer it (spec 9.1.10).</summary>
/// <param name="Code">The API's error code, e.g. BAD_PARAM, SERVICE_UNAVAILABLE.</param>
/// <param name="Param">For BAD_PARAM: the parameter at fault (<c>cam_id</c>, <c>galleries</c>, <c>photo</c>...).</param>
public sealed record CaptureFaceRejected(string Code, string Reason, string? Param);
