// Request bodies that break a form whose values are not encoded, shared by the template tests.

/** The seed article's template: the body goes into the form unencoded. */
export const UNENCODED_TEMPLATE = "Action=SendMessage&MessageBody=$input.body";

/** Bodies that break a form whose values are not encoded, one per trap. */
export const TRICKY_BODIES: Readonly<Record<string, string>> = {
    "form delimiters & and =": "{\"item\":\"fish&chips\",\"note\":\"a=b\"}",
    "a plus sign, which a form reads as a space": "{\"qty\":\"1+1\"}",
    "percent signs and escapes": "{\"discount\":\"100%\",\"code\":\"%41%zz\"}",
    "a hash": "{\"ref\":\"#42\"}",
    "spaces": "{\"name\":\"Ada Lovelace\"}",
    "quotes and backslashes": "{\"quote\":\"she said \\\"hi\\\"\",\"path\":\"C:\\\\temp\",\"single\":\"it's\"}",
    "newlines, carriage returns and tabs": "{\n\t\"lines\": \"one\\ntwo\"\r\n}\n",
    "non-ASCII text": "{\"city\":\"Zürich\",\"greeting\":\"こんにちは\",\"currency\":\"€\"}",
    "4-byte characters": "{\"mood\":\"😀\",\"clef\":\"𝄞\",\"flag\":\"🇫🇷\"}",
    "an attempted parameter injection": "{\"note\":\"x&DelaySeconds=900&MessageBody=evil\"}",
    "an attempted attribute injection": "{\"note\":\"x&MessageAttribute.1.Name=role&MessageAttribute.1.Value.DataType=String"
        + "&MessageAttribute.1.Value.StringValue=admin\"}",
    "characters Java and JavaScript encode differently": "{\"marks\":\"!'()*~-._\"}",
    "a body that is not JSON at all": "plain text & more = 100%",
};
