/**
 * Copies text. The async Clipboard API is refused in some contexts (a DevTools panel frame, a page without
 * clipboard permission, an unfocused document), so a hidden textarea and `execCommand('copy')` back it up; the
 * textarea lives in the UI's own root so that it never touches the page's DOM styling, and the focus it takes is
 * given back.
 */
export async function copyText(text: string, root: Node): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return copyWithTextarea(text, root);
  }
}

function copyWithTextarea(text: string, root: Node): boolean {
  const document = root.ownerDocument ?? (root as Document);
  const shadowOrDocument = root.getRootNode() as Document | ShadowRoot;
  const previouslyFocused = shadowOrDocument.activeElement;
  const textarea = document.createElement('textarea');
  textarea.value = text;
  textarea.setAttribute('readonly', '');
  textarea.style.cssText = 'position:fixed;top:0;left:0;width:1px;height:1px;opacity:0;';
  root.appendChild(textarea);
  try {
    textarea.select();
    return document.execCommand('copy');
  } catch {
    return false;
  } finally {
    textarea.remove();
    if (previouslyFocused instanceof HTMLElement) previouslyFocused.focus({ preventScroll: true });
  }
}
