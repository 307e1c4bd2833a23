using Contracts.Embedding;
using Contracts.Images;

namespace Contracts.Faces;

/// <summary>A face to store: its id, where it is on the photo, what the embed stage made of it, and the client's data.</summary>
public sealed record NewFace(long FaceId, Box Box, FaceDescription Description, string Meta, IReadOnlyList<string> Galleries);
