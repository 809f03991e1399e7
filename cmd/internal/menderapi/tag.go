package menderapi

import (
	"context"
	"errors"
	"fmt"

	"github.com/hwident/hwident/identity"
)

// TagConflictError refuses to overwrite a tag that has another value.
type TagConflictError struct {
	Name, Current string
}

func (e *TagConflictError) Error() string {
	return fmt.Sprintf("tag %s is already %s on this device", identity.Quote(e.Name), identity.Quote(e.Current))
}

// SetTagAttempts bounds the read–write cycles of SetTag when other
// stations keep changing the device's tags.
const SetTagAttempts = 5

// SetTag sets one tag without losing a concurrent change: it reads the
// device's tags and their ETag, and writes with If-Match, starting over when
// the ETag no longer matches. A tag with another value is a
// *TagConflictError unless overwrite. changed is false when the tag already
// had the value.
func (c *Client) SetTag(ctx context.Context, id string, tag Tag, overwrite bool) (changed bool, err error) {
	for range SetTagAttempts {
		dev, etag, err := c.Device(ctx, id)
		if err != nil {
			return false, err
		}
		if cur, ok := dev.Attribute("tags", tag.Name); ok {
			s, _ := cur.Value.(string)
			if s == tag.Value {
				return false, nil
			}
			if !overwrite {
				return false, &TagConflictError{Name: tag.Name, Current: fmt.Sprint(cur.Value)}
			}
		}
		err = c.AddTags(ctx, id, etag, []Tag{tag})
		if !errors.Is(err, ErrETagMismatch) {
			return err == nil, err
		}
	}
	return false, fmt.Errorf("device %s: tags changed %d times while setting %s; try again: %w", id, SetTagAttempts, tag.Name, ErrETagMismatch)
}
