using System.Buffers;
using NodeCollector.Metrics;

namespace NodeCollector.Web;

/// <summary>A reusable output buffer for one <c>/metrics</c> response, with a writer per exposition format.</summary>
internal sealed class ExpositionBuffer
{
    private readonly ArrayBufferWriter<byte> _buffer = new(128 * 1024);
    private TextExpositionWriter? _prometheus;
    private TextExpositionWriter? _openMetrics;

    public ReadOnlyMemory<byte> Written => _buffer.WrittenMemory;

    /// <summary>Empties the buffer and returns a writer of <paramref name="format"/> into it, ready for a new exposition.</summary>
    public TextExpositionWriter Start(ExpositionFormat format)
    {
        _buffer.ResetWrittenCount();
        var writer = format == ExpositionFormat.OpenMetrics
            ? _openMetrics ??= new TextExpositionWriter(_buffer, format)
            : _prometheus ??= new TextExpositionWriter(_buffer, format);
        writer.Reset();
        return writer;
    }
}
