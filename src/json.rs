//! JSON text into Rust values. In the browser, `JSON.parse` reads the text and a small serde
//! `Deserializer` over its values (below) fills the types, so the wasm carries no JSON parser
//! of its own: serde_json's, compiled into every type's decoder, was 11.9 KB of the main
//! module's brotli (issue #15). On the host (the unit tests) serde_json does the same job;
//! `tests/json_browser.rs` holds the two to one answer. Three differences are left, in
//! answers no server of the contract sends: a name repeated in one object (an error for
//! serde_json; `JSON.parse` keeps the last value); a whole number written with a fraction,
//! `2.0`, where an integer is expected (an error for serde_json; read as 2 here); and a whole
//! number above 2^53 - 1, which JavaScript cannot hold exactly (refused here, not rounded).

use serde::de::DeserializeOwned;

/// The value `text` holds, or what is wrong with it (for logs, not for the reader).
#[cfg(target_arch = "wasm32")]
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, String> {
    use wasm_bindgen::JsCast;
    let value = js_sys::JSON::parse(text).map_err(|e| match e.dyn_into::<js_sys::Error>() {
        Ok(e) => String::from(e.message()),
        Err(_) => "JSON.parse failed".into(),
    })?;
    T::deserialize(browser::Value(value)).map_err(|e| e.0)
}

#[cfg(not(target_arch = "wasm32"))]
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, String> {
    serde_json::from_str(text).map_err(|e| e.to_string())
}

/// A `Deserializer` over what `JSON.parse` returns. Each typed request checks the value's kind
/// itself and hands the visitor only that kind: a visitor given the wrong one would describe
/// it in its error, and describing a number pulls core's float formatting (9.6 KB raw) into
/// the wasm, which serde-wasm-bindgen did.
#[cfg(target_arch = "wasm32")]
mod browser {
    use js_sys::{Array, Number, Object, Reflect};
    use serde::de::{self, DeserializeSeed, IntoDeserializer, Visitor};
    use std::fmt;
    use wasm_bindgen::{JsCast, JsValue};

    pub struct Value(pub JsValue);

    #[derive(Debug)]
    pub struct Error(pub String);

    impl fmt::Display for Error {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(&self.0)
        }
    }

    impl std::error::Error for Error {}

    /// Says what was expected, not what came: serde's `Unexpected` prints numbers with core's
    /// float formatting, whatever kind of value it names (serde_json avoids it the same way).
    impl de::Error for Error {
        fn custom<T: fmt::Display>(msg: T) -> Self {
            Error(msg.to_string())
        }

        fn invalid_type(_: de::Unexpected, exp: &dyn de::Expected) -> Self {
            Error(format!("invalid type: expected {exp}"))
        }

        fn invalid_value(_: de::Unexpected, exp: &dyn de::Expected) -> Self {
            Error(format!("invalid value: expected {exp}"))
        }
    }

    fn expected(what: &str) -> Error {
        Error(format!("expected {what}"))
    }

    impl Value {
        /// A whole number JavaScript holds exactly.
        fn integer(&self) -> Option<f64> {
            Number::is_safe_integer(&self.0)
                .then(|| self.0.as_f64())
                .flatten()
        }

        fn string(&self) -> Result<String, Error> {
            self.0.as_string().ok_or_else(|| expected("a string"))
        }

        /// An object that is neither an array nor null.
        fn object(&self) -> Option<&Object> {
            (self.0.is_object() && !Array::is_array(&self.0)).then(|| self.0.unchecked_ref())
        }
    }

    /// `fn deserialize_x(self, visitor)` (with the listed extra arguments, ignored) as `to`.
    macro_rules! forward {
        ($to:ident: $($name:ident $(($($arg:ident),*))?)*) => {$(
            fn $name<V: Visitor<'de>>(
                self,
                $($($arg: forward!(@ty $arg),)*)?
                visitor: V,
            ) -> Result<V::Value, Error> {
                $($(let _ = $arg;)*)?
                self.$to(visitor)
            }
        )*};
        (@ty name) => { &'static str };
        (@ty len) => { usize };
    }

    impl<'de> de::Deserializer<'de> for Value {
        type Error = Error;

        fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            if self.0.is_null_or_undefined() {
                visitor.visit_unit()
            } else if let Some(b) = self.0.as_bool() {
                visitor.visit_bool(b)
            } else if let Some(n) = self.integer() {
                if n >= 0.0 {
                    visitor.visit_u64(n as u64)
                } else {
                    visitor.visit_i64(n as i64)
                }
            } else if let Some(n) = self.0.as_f64() {
                visitor.visit_f64(n)
            } else if let Some(s) = self.0.as_string() {
                visitor.visit_string(s)
            } else if Array::is_array(&self.0) {
                self.deserialize_seq(visitor)
            } else {
                self.deserialize_map(visitor)
            }
        }

        fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            visitor.visit_bool(self.0.as_bool().ok_or_else(|| expected("true or false"))?)
        }

        fn deserialize_u64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            match self.integer() {
                Some(n) if n >= 0.0 => visitor.visit_u64(n as u64),
                _ => Err(expected("a whole number, 0 or more")),
            }
        }

        fn deserialize_i64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            let n = self.integer().ok_or_else(|| expected("a whole number"))?;
            visitor.visit_i64(n as i64)
        }

        fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            visitor.visit_f64(self.0.as_f64().ok_or_else(|| expected("a number"))?)
        }

        fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            visitor.visit_string(self.string()?)
        }

        fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            if self.0.is_null_or_undefined() {
                visitor.visit_none()
            } else {
                visitor.visit_some(self)
            }
        }

        fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            if self.0.is_null_or_undefined() {
                visitor.visit_unit()
            } else {
                Err(expected("null"))
            }
        }

        fn deserialize_newtype_struct<V: Visitor<'de>>(
            self,
            _name: &'static str,
            visitor: V,
        ) -> Result<V::Value, Error> {
            visitor.visit_newtype_struct(self)
        }

        fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            let items = self.0.dyn_into::<Array>().map_err(|_| expected("a list"))?;
            visitor.visit_seq(Items { items, next: 0 })
        }

        fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            let object = self.object().ok_or_else(|| expected("an object"))?;
            visitor.visit_map(Fields {
                keys: Object::keys(object),
                object: object.clone(),
                next: 0,
            })
        }

        fn deserialize_struct<V: Visitor<'de>>(
            self,
            _name: &'static str,
            _fields: &'static [&'static str],
            visitor: V,
        ) -> Result<V::Value, Error> {
            self.deserialize_map(visitor)
        }

        /// Unit variants only, as strings: the contract has no other kind.
        fn deserialize_enum<V: Visitor<'de>>(
            self,
            _name: &'static str,
            _variants: &'static [&'static str],
            visitor: V,
        ) -> Result<V::Value, Error> {
            visitor.visit_enum(self.string()?.into_deserializer())
        }

        /// Unknown fields are skipped without being read (a 5 MB one costs nothing).
        fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            visitor.visit_unit()
        }

        // The rest as one of the above, never through `deserialize_any`, so that no visitor
        // is handed a kind it does not take (see the module's comment).
        forward! { deserialize_u64: deserialize_u8 deserialize_u16 deserialize_u32 }
        forward! { deserialize_i64: deserialize_i8 deserialize_i16 deserialize_i32 }
        forward! { deserialize_f64: deserialize_f32 }
        forward! { deserialize_string: deserialize_str deserialize_char deserialize_identifier }
        forward! { deserialize_unit: deserialize_unit_struct(name) }
        forward! { deserialize_seq: deserialize_tuple(len) deserialize_tuple_struct(name, len) }
        forward! { deserialize_bytes: deserialize_byte_buf }

        fn deserialize_bytes<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value, Error> {
            Err(expected("no bytes: JSON has none"))
        }
    }

    struct Items {
        items: Array,
        next: u32,
    }

    impl<'de> de::SeqAccess<'de> for Items {
        type Error = Error;

        fn next_element_seed<T: DeserializeSeed<'de>>(
            &mut self,
            seed: T,
        ) -> Result<Option<T::Value>, Error> {
            if self.next >= self.items.length() {
                return Ok(None);
            }
            let item = self.items.get(self.next);
            self.next += 1;
            seed.deserialize(Value(item)).map(Some)
        }
    }

    struct Fields {
        object: Object,
        keys: Array,
        next: u32,
    }

    impl<'de> de::MapAccess<'de> for Fields {
        type Error = Error;

        fn next_key_seed<K: DeserializeSeed<'de>>(
            &mut self,
            seed: K,
        ) -> Result<Option<K::Value>, Error> {
            if self.next >= self.keys.length() {
                return Ok(None);
            }
            seed.deserialize(Value(self.keys.get(self.next))).map(Some)
        }

        fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
            let key = self.keys.get(self.next);
            self.next += 1;
            let value = Reflect::get(&self.object, &key).map_err(|_| expected("a value"))?;
            seed.deserialize(Value(value))
        }
    }
}
