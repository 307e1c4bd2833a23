namespace Gateway.Http;

/// <summary>
/// A request of the FindFace API that reads itself from wherever the client put its parameters (<see cref="ApiParameters"/>) and
/// names them for the OpenAPI document, which cannot see inside such a binding: the reading and its description side by side.
/// </summary>
public interface IApiRequest<TSelf> : IBindableFromHttpContext<TSelf> where TSelf : class, IApiRequest<TSelf>
{
    /// <summary>The parameters as clients send them, in the order the document lists them.</summary>
    static abstract IReadOnlyList<RequestField> Fields { get; }
}

/// <summary>One parameter of an <see cref="IApiRequest{TSelf}"/> as clients send it.</summary>
/// <param name="V1Only">Gender, age and emotions: parameters of v1 alone.</param>
public sealed record RequestField(string Name, FieldType Type, string Description, bool Required = false, object? Default = null,
    bool V1Only = false);

/// <summary>The shapes of FindFace's parameters (spec 9.1.4-9.1.7), each with its one schema in the document.</summary>
public enum FieldType { Photo, Boxes, String, Strings, Integer, Integers, Boolean, Threshold, Time, Ids, Object }
