namespace NodeCollector.Labels;

/// <summary>The relabel actions of Prometheus, with their YAML names in lower case.</summary>
internal enum RelabelAction
{
    Replace,
    Keep,
    Drop,
    KeepEqual,
    DropEqual,
    HashMod,
    LabelMap,
    LabelDrop,
    LabelKeep,
    Lowercase,
    Uppercase,
}
