//! The browser half of the sanitizer: walks the inert parsed document and builds clean nodes.

use super::policy::{clean_attribute, element_action, ElementAction, MAX_DEPTH};
use crate::domain::resolve_api_url;
use wasm_bindgen::JsCast;
use web_sys::{Document, DocumentFragment, DomParser, Element, Node, SupportedType};

/// Parses untrusted `html` and returns clean nodes owned by `doc`, ready to insert.
/// Root-relative image URLs are resolved against `api_base`. Images after the first load
/// lazily (the first is likely above the fold).
pub fn sanitize_to_fragment(
    doc: &Document,
    html: &str,
    api_base: &str,
) -> Option<DocumentFragment> {
    let parsed = DomParser::new()
        .ok()?
        .parse_from_string(html, SupportedType::TextHtml)
        .ok()?;
    let body = parsed.body()?;
    let out = doc.create_document_fragment();
    let mut state = State {
        doc,
        api_base,
        images: 0,
    };
    state.copy_children(&body, out.as_ref(), 0);
    Some(out)
}

struct State<'a> {
    doc: &'a Document,
    api_base: &'a str,
    images: usize,
}

impl State<'_> {
    fn copy_children(&mut self, from: &Node, to: &Node, depth: usize) {
        let mut child = from.first_child();
        while let Some(node) = child {
            self.copy_node(&node, to, depth);
            child = node.next_sibling();
        }
    }

    fn copy_node(&mut self, node: &Node, to: &Node, depth: usize) {
        match node.node_type() {
            Node::TEXT_NODE => {
                let text = node.text_content().unwrap_or_default();
                let _ = to.append_child(&self.doc.create_text_node(&text));
            }
            Node::ELEMENT_NODE => {
                let Some(el) = node.dyn_ref::<Element>() else {
                    return;
                };
                // Elements outside the HTML namespace (SVG, MathML) are dropped whole.
                if el.namespace_uri().as_deref() != Some("http://www.w3.org/1999/xhtml") {
                    return;
                }
                let tag = el.local_name();
                match element_action(&tag) {
                    ElementAction::Drop => {}
                    ElementAction::Unwrap => self.copy_children(node, to, depth + 1),
                    ElementAction::Keep(_) if depth >= MAX_DEPTH => {
                        let text = node.text_content().unwrap_or_default();
                        let _ = to.append_child(&self.doc.create_text_node(&text));
                    }
                    ElementAction::Keep(name) => {
                        if let Some(clean) = self.copy_element(el, name) {
                            self.copy_children(node, &clean, depth + 1);
                            let _ = to.append_child(&clean);
                        }
                    }
                }
            }
            // Comments, processing instructions, doctypes: nothing for the reader.
            _ => {}
        }
    }

    fn copy_element(&mut self, el: &Element, name: &'static str) -> Option<Element> {
        let clean = self.doc.create_element(name).ok()?;
        if name == "img" {
            // Set before `src`, so off-screen photos do not start loading at once.
            if self.images > 0 {
                let _ = clean.set_attribute("loading", "lazy");
            }
            let _ = clean.set_attribute("decoding", "async");
            self.images += 1;
        }
        let attrs = el.attributes();
        for i in 0..attrs.length() {
            let Some(attr) = attrs.item(i) else { continue };
            if let Some((attr_name, value)) = clean_attribute(name, &attr.name(), &attr.value()) {
                let value = if attr_name == "src" {
                    resolve_api_url(self.api_base, &value)
                } else {
                    value
                };
                let _ = clean.set_attribute(attr_name, &value);
            }
        }
        if name == "img" && !clean.has_attribute("src") {
            return None;
        }
        if name == "a" && clean.has_attribute("href") {
            let _ = clean.set_attribute("rel", "noopener noreferrer nofollow");
        }
        Some(clean)
    }
}
