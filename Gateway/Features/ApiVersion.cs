namespace Gateway.Features;

/// <summary>The API versions of spec 9.1.2: v1 adds gender, age and emotions to v0.</summary>
public enum ApiVersion { V0, V1 }
