namespace Gateway.Features;

/// <summary>The API versions of spec 9.1.2: v1 adds gender, age and emotions to v0.</summary>
public enum ApiVersion { V0, V1 }

public static class ApiVersionNames
{
    /// <summary>The version as paths spell it: v0, v1.</summary>
    public static string PathSegment(this ApiVersion version) => version.ToString().ToLowerInvariant();

    public static ApiVersion? FromPathSegment(string segment) =>
        Enum.GetValues<ApiVersion>().Where(version => version.PathSegment() == segment).Cast<ApiVersion?>().FirstOrDefault();
}

/// <summary>The version of the API group an endpoint belongs to, as endpoint metadata: what a request reads its version from
/// while it binds itself.</summary>
public sealed record ApiVersionMetadata(ApiVersion Version)
{
    /// <summary>The version of the endpoint a request was routed to; v0 outside the versioned groups (the extraction listener).</summary>
    public static ApiVersion Of(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<ApiVersionMetadata>()?.Version ?? ApiVersion.V0;
}
