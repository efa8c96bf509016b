namespace Kith.Server.Localization;

/// <summary>
/// The console's words: <c>Text.resx</c> (English) and <c>Text.zh-CN.resx</c> (简体中文). Inject
/// <c>IStringLocalizer&lt;Text&gt;</c>; add a word to both files (scripts/add-text.py does it).
/// </summary>
public sealed class Text;
