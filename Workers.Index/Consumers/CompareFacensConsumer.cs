using System.Numerics;
using Contracts.Index;
using MassTransit;

namespace Workers.Index.Consumers;

/// <summary>Cosine similarity of every pair of two lists of facens (verification), outside any gallery.</summary>
public sealed class CompareFacensConsumer : IConsumer<CompareFacens>
{
    public Task Consume(ConsumeContext<CompareFacens> context)
    {
        var request = context.Message;
        if (request.First.Concat(request.Second).Select(facen => facen.Length).Distinct().Count() > 1)
            throw new ArgumentException("Facens of different lengths cannot be compared.");
        // Facens are L2-normalised, so the dot product is the cosine.
        IReadOnlyList<IReadOnlyList<float>> similarities = request.First
            .Select(first => (IReadOnlyList<float>)request.Second.Select(second => Dot(first, second)).ToList())
            .ToList();
        return context.RespondAsync(new CompareFacensResult(similarities));
    }

    private static float Dot(float[] a, float[] b)
    {
        var sum = Vector<float>.Zero;
        var i = 0;
        for (; i <= a.Length - Vector<float>.Count; i += Vector<float>.Count)
            sum += new Vector<float>(a, i) * new Vector<float>(b, i);
        var dot = Vector.Sum(sum);
        for (; i < a.Length; i++)
            dot += a[i] * b[i];
        return dot;
    }
}
