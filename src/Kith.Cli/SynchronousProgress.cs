namespace Kith.Cli;

/// <summary>
/// Progress reported on the worker's own thread: Spectre's render loop reads the task values itself, and
/// Progress&lt;T&gt; would post every report to the thread pool and lag behind.
/// </summary>
internal sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
